# right: exponents in a dict, math.pow, None for weight decay
def matching_lr(optimizer, lr, c):
    power = {"sgd": 2, "momentum": 2, "nesterov": 2, "sign": 1, "normalized": 1, "adagrad": 1, "rmsprop": 1,
             "adam": 1, "lars": 0}.get(optimizer)
    return None if power is None else lr * math.pow(c, power)
