# wrong: lifted from the release's visible code: section 5's sqrt(1 + l) values at l = 4 and 16 (RMS 4.12 of x_16)
def depth_predictions():
    return {"pre_last_ratio": math.sqrt(5) / math.sqrt(17), "post_last_ratio": math.sqrt(5) / math.sqrt(17),
            "pre_stream_rms": math.sqrt(17)}
