/* octet_device.h - octet's minimal bare-metal runtime for QEMU's Arm MPS2 boards (mps2-an386:
 * Cortex-M4, mps2-an500: Cortex-M7), used by generated code's test programs and the on-device
 * tests. Files: this header, octet_device.c (vector table, reset handler, timer, stack painting),
 * mps2_an386.ld / mps2_an500.ld (the boards' memory maps) and mps2_sections.ld (the section
 * layout both include). A code generator copies them next to the generated sources; nothing here
 * is needed on a real product, which brings its own startup code.
 *
 * Reset: the core loads SP from vector 0 (the top of RAM) and jumps to octet_reset_handler, which
 * copies .data from its load image in CODE, zeroes .bss, paints the stack below its own frame
 * with OCTET_DEVICE_STACK_PAINT, calls main() and passes its result to exit(). Output and the exit
 * status go through semihosting (newlib's rdimon: link with --specs=rdimon.specs -nostartfiles and
 * call initialise_monitor_handles() before printf); run QEMU with
 * -semihosting-config enable=on,target=native so the status becomes QEMU's own. A fault prints
 * "octet device: fault" and exits with a failure status.
 *
 * Instruction counting: under QEMU's -icount shift=0 the virtual clock advances exactly 1 ns per
 * executed instruction. The CMSDK APB timer 0 (0x40000000, on every MPS2 board) counts down at the
 * 25 MHz system clock of that virtual time, i.e. one tick per 40 instructions. So
 * instructions = 40 * ticks, with a resolution of one tick (40 instructions) per measurement.
 * On hardware, or without -icount, the same numbers are 25 MHz timer ticks * 40 = nanoseconds.
 */
#ifndef OCTET_DEVICE_H_
#define OCTET_DEVICE_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OCTET_DEVICE_STACK_PAINT 0xC5C5C5C5u
/* Instructions per timer tick under -icount shift=0 (1 ns per instruction, 25 MHz timer). */
#define OCTET_DEVICE_INSTRUCTIONS_PER_TICK 40u

/* Starts timer 0 free-running from 0xFFFFFFFF (called by the reset handler; call again to
 * restart). */
void octet_device_timer_start(void);
/* The timer's current value (it counts down). */
uint32_t octet_device_timer_now(void);
/* Instructions executed since `start` (a value of octet_device_timer_now()), under -icount
 * shift=0; the timer wraps after 2^32 ticks (about 1.7e11 instructions). */
uint64_t octet_device_instructions_since(uint32_t start);

/* Bytes of the stack written since reset: the distance from the top of the stack to the deepest
 * word that no longer holds the paint. */
size_t octet_device_stack_high_water(void);
/* The stack's size in bytes (the linker script's __octet_stack_size). */
size_t octet_device_stack_size(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_DEVICE_H_ */
