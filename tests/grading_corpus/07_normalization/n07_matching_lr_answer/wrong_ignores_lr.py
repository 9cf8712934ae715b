# wrong: returns the factor c^p, not the learning rate lr * c^p
def matching_lr(optimizer, lr, c):
    power = {"sgd": 2, "momentum": 2, "nesterov": 2, "lars": 0, "sgd_weight_decay": None}.get(optimizer, 1)
    return None if power is None else c**power
