# wrong: the stream grows by a factor sqrt(2) per block (as if each block doubled the variance)
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(7 / 49), "post_last_ratio": 1.0, "pre_stream_rms": math.sqrt(2.0) ** 48}
