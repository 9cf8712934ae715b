# right: NumPy scalars
def depth_predictions():
    depths = np.array([6, 48])
    rms = np.sqrt(1.0 + depths)
    return {"pre_last_ratio": rms[0] / rms[1], "post_last_ratio": np.float64(1.0), "pre_stream_rms": rms[1]}
