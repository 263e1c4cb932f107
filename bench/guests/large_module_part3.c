// Functions fn_1300000 ... fn_1333333 of the large benchmark guest (see large_module.h).
#include "large_module.h"

#define PART 13
FOR_EACH_FUNCTION_OF_PART(DEFINE_FN, PART)
