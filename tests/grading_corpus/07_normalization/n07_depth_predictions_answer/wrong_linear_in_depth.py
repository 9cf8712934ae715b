# wrong: gradients and stream taken linear in the depth
def depth_predictions():
    return {"pre_last_ratio": 6 / 48, "post_last_ratio": 6 / 48, "pre_stream_rms": 48.0}
