# wrong: sqrt(3) instead of sqrt(6) in the bound
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(2.0 / (fan_in + fan_out))


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(3.0 / (fan_in + fan_out))
