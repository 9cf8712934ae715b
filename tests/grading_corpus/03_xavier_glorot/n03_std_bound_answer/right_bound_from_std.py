# right: the bound as sqrt(3) times the std function
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    variance = 2.0 / (fan_in + fan_out)
    return gain * variance**0.5


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return math.sqrt(3.0) * xavier_normal_std(fan_in, fan_out, gain)
