# wrong: ratios of variances instead of RMS
def depth_predictions():
    return {"pre_last_ratio": 7 / 49, "post_last_ratio": 1.0, "pre_stream_rms": 49.0}
