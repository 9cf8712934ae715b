# right: predictions rounded to three significant figures (within the 1 % tolerance)
def predicted_relu_tables():
    return {"growth": 7.07, "std_z5": 25000.0, "var_z5_small": 6.25e-7, "h5_over_z5": 0.584}
