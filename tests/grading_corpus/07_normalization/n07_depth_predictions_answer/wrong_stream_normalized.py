# wrong: the Pre-LN stream taken as normalized (only the branch input is)
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(7 / 49), "post_last_ratio": 1.0, "pre_stream_rms": 1.0}
