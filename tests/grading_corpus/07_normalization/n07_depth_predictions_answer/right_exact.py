# right: sqrt((1 + 6) / (1 + 48)), 1 and sqrt(49), written out
def depth_predictions():
    return {"pre_last_ratio": (7 / 49) ** 0.5, "post_last_ratio": 1, "pre_stream_rms": 7}
