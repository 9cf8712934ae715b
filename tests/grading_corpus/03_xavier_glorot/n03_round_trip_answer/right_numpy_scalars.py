# right: NumPy scalars
def predicted_ratios():
    return {"glorot_forward": np.float64(0.4) * np.float64(1.6), "glorot_backward": np.float32(0.64),
            "fan_in_backward": np.int64(1), "fan_in_backward_hidden": np.float64(256) / 1024}
