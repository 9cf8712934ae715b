# wrong: only fan_in (LeCun's 1/fan_in under Glorot's name)
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(1.0 / fan_in)


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(3.0 / fan_in)
