/* Converts 16 bcm/y to mcm/d through an installed libefn: 43.8356. */
#include <stdio.h>

#include <efn.h>

int main(void)
{
    double v = 0;
    if (efn_unit_convert(&v, 16, "bcm/y", "mcm/d", EFN_GAS, NULL) != EFN_OK)
        return 1;
    printf("%.4f %d\n", v, efn_version_number() == EFN_VERSION_NUMBER);
    return 0;
}
