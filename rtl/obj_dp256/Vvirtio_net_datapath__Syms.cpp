// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Symbol table implementation internals

#include "Vvirtio_net_datapath__Syms.h"
#include "Vvirtio_net_datapath.h"
#include "Vvirtio_net_datapath___024root.h"

// FUNCTIONS
Vvirtio_net_datapath__Syms::~Vvirtio_net_datapath__Syms()
{
}

Vvirtio_net_datapath__Syms::Vvirtio_net_datapath__Syms(VerilatedContext* contextp, const char* namep, Vvirtio_net_datapath* modelp)
    : VerilatedSyms{contextp}
    // Setup internal state of the Syms class
    , __Vm_modelp{modelp}
    // Setup module instances
    , TOP{this, namep}
{
    // Configure time unit / time precision
    _vm_contextp__->timeunit(-12);
    _vm_contextp__->timeprecision(-12);
    // Setup each module's pointers to their submodules
    // Setup each module's pointer back to symbol table (for public functions)
    TOP.__Vconfigure(true);
}
