# right: computed in float32 (relative error about 1e-7)
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return np.float32(gain) * np.sqrt(np.float32(2.0) / np.float32(fan_in + fan_out))


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return np.float32(gain) * np.sqrt(np.float32(6.0) / np.float32(fan_in + fan_out))
