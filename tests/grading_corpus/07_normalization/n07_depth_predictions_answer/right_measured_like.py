# right: a slight Post-LN decrease and a slightly larger stream guessed in
def depth_predictions():
    return {"post_last_ratio": 0.95, "pre_stream_rms": 7.1, "pre_last_ratio": 0.36}
