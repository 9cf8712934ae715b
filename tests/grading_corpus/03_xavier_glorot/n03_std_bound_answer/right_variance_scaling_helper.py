# right: a general variance-scaling helper written in the answer cell
def _scale(fan_in, fan_out, gain, distribution, mode="fan_avg"):
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    std = gain * math.sqrt(1.0 / n)
    return std if distribution == "normal" else math.sqrt(3.0) * std


def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return _scale(fan_in, fan_out, gain, 'normal')


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return _scale(fan_in, fan_out, gain, 'uniform')
