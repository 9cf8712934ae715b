# right: a table of functions
def matching_lr(optimizer, lr, c):
    rules = {"sgd": lambda: lr * c**2, "momentum": lambda: lr * c**2, "nesterov": lambda: lr * c**2,
             "sign": lambda: lr * c, "normalized": lambda: lr * c, "adagrad": lambda: lr * c,
             "rmsprop": lambda: lr * c, "adam": lambda: lr * c, "lars": lambda: float(lr),
             "sgd_weight_decay": lambda: None}
    return rules[optimizer]()
