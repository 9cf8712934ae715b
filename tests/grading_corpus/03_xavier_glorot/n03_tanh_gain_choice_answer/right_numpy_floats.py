# right: NumPy floats, 5/3 written as 1.6666666667
def chosen_gains():
    g = np.array([3.0, 2.0, 2.0, 1.6666666667, 1.5, 1.3, 1.1, 1.1])
    return dict(zip((3, 5, 8, 15, 25, 40, 75, 150), g))
