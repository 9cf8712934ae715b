# right: rounded by hand
def depth_predictions():
    return {"pre_last_ratio": 0.38, "post_last_ratio": 1.0, "pre_stream_rms": 7.0}
