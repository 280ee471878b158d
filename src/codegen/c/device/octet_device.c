/* octet_device.c - vector table, reset handler, timer and stack painting of octet's bare-metal
 * runtime for QEMU's MPS2 boards (see octet_device.h). */
#include "octet_device.h"

#include <stdlib.h>

/* Symbols of mps2_sections.ld. */
extern uint32_t __data_start__, __data_end__, __data_load__, __bss_start__, __bss_end__;
extern uint32_t __stack_limit__, __stack_top__;

int main(void);
void octet_reset_handler(void);
static void fault_handler(void);

/* The Armv7-M vector table: initial SP, then the exception handlers (NMI, HardFault, MemManage,
 * BusFault, UsageFault, 4 reserved, SVCall, DebugMonitor, reserved, PendSV, SysTick). No
 * interrupts are enabled, so the external vectors are not needed. */
typedef void (*octet_vector)(void);
__attribute__((section(".isr_vector"), used)) const octet_vector octet_vectors[16] = {
    (octet_vector)(uintptr_t)&__stack_top__,
    octet_reset_handler,
    fault_handler,
    fault_handler,
    fault_handler,
    fault_handler,
    fault_handler,
    0,
    0,
    0,
    0,
    fault_handler,
    fault_handler,
    0,
    fault_handler,
    fault_handler};

/* Semihosting call (Arm semihosting spec: operation in r0, argument block in r1, BKPT 0xAB on
 * M-profile). */
static int semihost(int operation, const void* argument) {
  register int r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static void fault_handler(void) {
  /* SYS_WRITE0 (0x04) the message, then SYS_EXIT (0x18) with ADP_Stopped_RunTimeErrorUnknown. */
  semihost(0x04, "octet device: fault\n");
  for (;;) semihost(0x18, (const void*)0x20023);
}

/* CMSDK APB timer 0: CTRL (bit 0 enable), VALUE (counts down), RELOAD. */
#define OCTET_TIMER0_CTRL (*(volatile uint32_t*)0x40000000u)
#define OCTET_TIMER0_VALUE (*(volatile uint32_t*)0x40000004u)
#define OCTET_TIMER0_RELOAD (*(volatile uint32_t*)0x40000008u)

void octet_device_timer_start(void) {
  OCTET_TIMER0_CTRL = 0;
  OCTET_TIMER0_RELOAD = 0xFFFFFFFFu;
  OCTET_TIMER0_VALUE = 0xFFFFFFFFu;
  OCTET_TIMER0_CTRL = 1;
}

uint32_t octet_device_timer_now(void) { return OCTET_TIMER0_VALUE; }

uint64_t octet_device_instructions_since(uint32_t start) {
  const uint32_t ticks = start - OCTET_TIMER0_VALUE; /* counts down; wraps modulo 2^32 */
  return (uint64_t)ticks * OCTET_DEVICE_INSTRUCTIONS_PER_TICK;
}

size_t octet_device_stack_size(void) {
  return (size_t)((uintptr_t)&__stack_top__ - (uintptr_t)&__stack_limit__);
}

size_t octet_device_stack_high_water(void) {
  const uint32_t* p = &__stack_limit__;
  while (p < &__stack_top__ && *p == OCTET_DEVICE_STACK_PAINT) ++p;
  return (size_t)((uintptr_t)&__stack_top__ - (uintptr_t)p);
}

void octet_reset_handler(void) {
  uint32_t* dst;
  const uint32_t* src;
  uint32_t* sp;
  for (src = &__data_load__, dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
  /* Paint from the stack's limit up to 64 bytes below this frame's stack pointer. */
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (dst = &__stack_limit__; dst < sp - 16;) *dst++ = OCTET_DEVICE_STACK_PAINT;
  octet_device_timer_start();
  exit(main());
}
