# wrong: the gain multiplies the variance (inside the square root)
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return math.sqrt(gain * 2.0 / (fan_in + fan_out))


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return math.sqrt(gain * 6.0 / (fan_in + fan_out))
