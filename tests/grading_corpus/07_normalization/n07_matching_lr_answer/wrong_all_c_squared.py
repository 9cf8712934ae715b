# wrong: SGD's c^2 law for every optimizer (and a learning rate for weight decay)
def matching_lr(optimizer, lr, c):
    return lr * c**2
