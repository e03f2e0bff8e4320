/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * The umbrella header: include this one.
 */
#ifndef EFN_H
#define EFN_H

#include "efn/common.h"
#include "efn/units.h"
#include "efn/network.h"
#include "efn/scenario.h"
#include "efn/graph.h"
#include "efn/flow.h"
#include "efn/n1.h"
#include "efn/trace.h"
#include "efn/dependency.h"
#include "efn/ownership.h"
#include "efn/risk.h"
#include "efn/export.h"

#endif
