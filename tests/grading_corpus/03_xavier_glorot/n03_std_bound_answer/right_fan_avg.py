# right: written with the average fan
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    fan_avg = (fan_in + fan_out) / 2
    return gain / math.sqrt(fan_avg)


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    fan_avg = (fan_in + fan_out) / 2
    return gain * math.sqrt(3.0 / fan_avg)
