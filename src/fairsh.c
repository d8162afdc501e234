/* fairsh.c -- entry point: parse argv, pick interactive or batch mode. */
/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdio.h>

int
main(void)
{
	puts(PACKAGE_STRING);
	return 0;
}
