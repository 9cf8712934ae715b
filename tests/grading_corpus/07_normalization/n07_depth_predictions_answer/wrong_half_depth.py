# wrong: counts two layers per block, so the stream's variance 1 + 2 L
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(13 / 97), "post_last_ratio": 1.0, "pre_stream_rms": math.sqrt(97)}
