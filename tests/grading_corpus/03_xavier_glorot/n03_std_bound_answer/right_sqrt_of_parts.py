# right: sqrt(2) / sqrt(fan_in + fan_out), as a float
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return float(gain * math.sqrt(2) / math.sqrt(fan_in + fan_out))


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return float(gain * math.sqrt(6) / math.sqrt(fan_in + fan_out))
