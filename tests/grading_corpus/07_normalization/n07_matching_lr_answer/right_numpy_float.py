# right: returns NumPy floats
def matching_lr(optimizer, lr, c):
    if optimizer == "sgd_weight_decay":
        return None
    gradient_scaled = optimizer in ("sgd", "momentum", "nesterov")
    trust_ratio = optimizer == "lars"
    return np.float64(lr) * np.power(np.float64(c), 0 if trust_ratio else (2 if gradient_scaled else 1))
