# right: the same law with numpy and the measured rate as a per-step growth rate
def predicted_escape_step(eps):
    rate = 1 / 1140
    return float(3550 + (np.log(1e-2) - np.log(eps)) / rate)
