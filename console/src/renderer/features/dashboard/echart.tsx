import { useEffect, useRef } from 'react';
import { init, type ChartOption, type ECharts } from './echarts-registry.ts';

// A small own wrapper rather than echarts-for-react (which rebuilds the chart on a theme change
// and types options as any). The chart is created once its box has a size, follows the box
// through a ResizeObserver (window resizes miss the navbar and hidden panels), swaps its theme in
// place, replaces series and data on a new option, and is disposed with the component.
// `data-rendered` turns true when echarts finishes drawing (animations included), so a test or a
// screenshot never catches a half-drawn chart.

export interface EChartProps {
  option: ChartOption;
  scheme: 'light' | 'dark';
  height: number;
  /** The chart's accessible name; aria in the option adds a description of its data. */
  label: string;
}

const themeOf = (scheme: 'light' | 'dark') => (scheme === 'dark' ? 'dark' : 'default');

export function EChart({ option, scheme, height, label }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  const latest = useRef({ option, scheme });
  latest.current = { option, scheme };

  useEffect(() => {
    const el = box.current!;
    let instance: ECharts | undefined;
    const observer = new ResizeObserver(() => {
      if (instance) return instance.resize();
      if (el.clientWidth === 0) return;
      instance = init(el, themeOf(latest.current.scheme), { renderer: 'canvas' });
      instance.on('finished', () => {
        el.dataset.rendered = 'true';
      });
      instance.setOption(latest.current.option);
      chart.current = instance;
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => chart.current?.setTheme(themeOf(scheme)), [scheme]);
  useEffect(() => {
    if (!chart.current) return;
    box.current!.dataset.rendered = 'false';
    chart.current.setOption(option, { replaceMerge: ['series', 'dataset', 'dataZoom'] });
  }, [option]);

  // echarts replaces the label with the description in the option once drawn.
  return <div ref={box} role="img" aria-label={label} data-rendered="false" style={{ height, width: '100%' }} />;
}
