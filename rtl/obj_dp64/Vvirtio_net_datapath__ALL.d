Vvirtio_net_datapath__ALL.o: Vvirtio_net_datapath__ALL.cpp \
 Vvirtio_net_datapath.cpp Vvirtio_net_datapath.h \
 /usr/share/verilator/include/verilated.h \
 /usr/share/verilator/include/verilatedos.h \
 /usr/share/verilator/include/verilated_config.h \
 /usr/share/verilator/include/verilated_types.h \
 /usr/share/verilator/include/verilated_funcs.h \
 Vvirtio_net_datapath__Syms.h Vvirtio_net_datapath___024root.h \
 Vvirtio_net_datapath___024root__DepSet_hf46ba18d__0.cpp \
 Vvirtio_net_datapath___024root__DepSet_h5fcd7090__0.cpp \
 Vvirtio_net_datapath___024root__Slow.cpp \
 Vvirtio_net_datapath___024root__DepSet_hf46ba18d__0__Slow.cpp \
 Vvirtio_net_datapath___024root__DepSet_h5fcd7090__0__Slow.cpp \
 Vvirtio_net_datapath__Syms.cpp
