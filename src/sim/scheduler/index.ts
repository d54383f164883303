// The default scheduler (kube-scheduler). Not yet built: pods stay unscheduled.
import type { Component } from '../host';

export function createSchedulerComponent(): Component {
  return { name: 'default-scheduler', install() {} };
}
