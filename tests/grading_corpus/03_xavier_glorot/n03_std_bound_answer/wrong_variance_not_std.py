# wrong: returns the variance (no square root) for the normal form
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return gain**2 * 2.0 / (fan_in + fan_out)


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(6.0 / (fan_in + fan_out))
