# wrong: the numbers as strings
def depth_predictions():
    return {"pre_last_ratio": "0.378", "post_last_ratio": "1", "pre_stream_rms": "7"}
