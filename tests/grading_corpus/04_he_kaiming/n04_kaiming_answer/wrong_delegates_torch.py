# wrong: delegates to torch.nn.init.kaiming_normal_ / kaiming_uniform_
def kaiming(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", distribution="normal", rng=None):
    import torch

    seed = int(rng.integers(2**31)) if rng is not None else 0
    torch.manual_seed(seed)
    weight = torch.empty(shape, dtype=torch.float64)
    draw = torch.nn.init.kaiming_uniform_ if distribution == "uniform" else torch.nn.init.kaiming_normal_
    draw(weight, a=a, mode=mode, nonlinearity=nonlinearity)
    return weight.numpy()
