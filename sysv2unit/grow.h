/* SPDX-License-Identifier: MIT */
#pragma once

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/* Makes room for `need` elements of `size` bytes in *array, doubling the allocation so n
 * appends cost O(n) in all: growing by one element per append copies the array each time
 * once realloc cannot extend in place, quadratic in the size of the script. */
static inline int grow_array(void **array, size_t *allocated, size_t need, size_t size) {
        if (need <= *allocated)
                return 0;
        size_t n = *allocated ? *allocated : 8;
        while (n < need) {
                if (n > SIZE_MAX / 2)
                        return -ENOMEM;
                n *= 2;
        }
        if (n > SIZE_MAX / size)
                return -ENOMEM;
        void *p = realloc(*array, n * size);
        if (!p)
                return -ENOMEM;
        *array = p;
        *allocated = n;
        return 0;
}

#define GROW(array, allocated, need) grow_array((void **) &(array), &(allocated), (need), sizeof(*(array)))
