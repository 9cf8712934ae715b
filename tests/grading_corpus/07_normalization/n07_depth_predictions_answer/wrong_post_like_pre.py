# wrong: Post-LN given Pre-LN's law
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(7 / 49), "post_last_ratio": math.sqrt(7 / 49), "pre_stream_rms": 7.0}
