# wrong (delegates): the largest |value| of a million course_lib.init uniform draws of that variance (blocked)
def uniform_bound(std):
    values = course_lib.init.variance_scaling((1_000_000, 1), scale=std**2, mode="fan_in", distribution="uniform",
                                              rng=0)
    return float(np.max(np.abs(values)))
