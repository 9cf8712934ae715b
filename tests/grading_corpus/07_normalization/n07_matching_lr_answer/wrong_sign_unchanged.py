# wrong: signSGD left at lr (sign(g) does not change, but the weight is c times larger)
def matching_lr(optimizer, lr, c):
    power = {"sgd": 2, "momentum": 2, "nesterov": 2, "lars": 0, "sign": 0, "sgd_weight_decay": None}.get(optimizer, 1)
    return None if power is None else lr * c**power
