'use client';

import { useTheme } from 'next-themes';
import { Toaster as Sonner, type ToasterProps } from 'sonner';

// Colours come from the theme tokens (see the [data-sonner-toaster] rule in app/globals.css).
function Toaster(props: ToasterProps) {
  const { theme } = useTheme();
  const sonnerTheme = theme === 'light' || theme === 'dark' ? theme : 'system';
  return <Sonner theme={sonnerTheme} className="toaster group" {...props} />;
}

export { Toaster };
