/* tests/mig/sample_user.h - included by the user side only. */
