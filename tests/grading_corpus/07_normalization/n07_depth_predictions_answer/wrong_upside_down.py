# wrong: the Pre-LN ratio upside down (a larger stream gives a larger gradient)
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(49 / 7), "post_last_ratio": 1.0, "pre_stream_rms": 7.0}
