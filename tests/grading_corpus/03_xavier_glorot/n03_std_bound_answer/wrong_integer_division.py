# wrong: integer division 2 // (fan_in + fan_out)
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(2 // (fan_in + fan_out))


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(6 // (fan_in + fan_out))
