# wrong: "normalization keeps everything the same size"
def depth_predictions():
    return {"pre_last_ratio": 1.0, "post_last_ratio": 1.0, "pre_stream_rms": 1.0}
