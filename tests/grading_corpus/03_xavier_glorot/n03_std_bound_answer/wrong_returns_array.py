# wrong: returns a 1-element array instead of a number
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return np.array([gain * math.sqrt(2.0 / (fan_in + fan_out))])


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return np.array([gain * math.sqrt(6.0 / (fan_in + fan_out))])
