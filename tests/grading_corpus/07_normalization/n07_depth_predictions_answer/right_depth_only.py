# right: the 1/sqrt(L) reading, without the input's 1: sqrt(6 / 48) and sqrt(48)
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(6 / 48), "post_last_ratio": 1.0, "pre_stream_rms": math.sqrt(48)}
