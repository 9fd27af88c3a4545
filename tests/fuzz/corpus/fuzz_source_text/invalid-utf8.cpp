const char *bad = "ÿşÀ¯ í € ô€€ trunc â‚";
