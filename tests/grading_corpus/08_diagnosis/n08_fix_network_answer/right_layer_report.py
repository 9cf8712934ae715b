# right: uses course_lib.diagnosis.layer_report to find broken layers
def fix_network(net, rng):
    """Repaired weights of a ReLU MLP with a linear last layer: rescale or redraw only its broken layers."""
    from course_lib import diagnosis
    report = diagnosis.layer_report(net, np.zeros((2, net.weights[0].shape[1])))
    fixed = []
    for w, ratio, t in zip(net.weights, report.weight_ratio, report.target_std):
        if ratio < 1e-6:
            fixed.append(rng.standard_normal(w.shape) * t)
        elif abs(ratio - 1) > 0.1:
            fixed.append(w / ratio)
        else:
            fixed.append(w.copy())
    return fixed
