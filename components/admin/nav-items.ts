import {
  ActivityIcon,
  FolderOpenIcon,
  FolderTreeIcon,
  LayersIcon,
  LayoutDashboardIcon,
  LibraryBigIcon,
  TvIcon,
  RouteIcon,
  ScrollTextIcon,
  ServerIcon,
  SettingsIcon,
  ShieldUserIcon,
  TicketIcon,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  href: string;
  label: string;
  /** `data-testid="nav-<testId>"`; the end-to-end suite relies on these. */
  testId: string;
  icon: LucideIcon;
  /** Hidden from the viewer role (the server refuses its changes anyway). */
  adminOnly?: boolean;
}

export const navItems: NavItem[] = [
  { href: '/', label: 'Dashboard', testId: 'dashboard', icon: LayoutDashboardIcon },
  { href: '/upstream', label: 'Upstream servers', testId: 'upstream', icon: ServerIcon },
  { href: '/local-content', label: 'Local content', testId: 'local-content', icon: FolderOpenIcon },
  { href: '/content-browser', label: 'Content browser', testId: 'content-browser', icon: LibraryBigIcon },
  { href: '/bouquets', label: 'Bouquets', testId: 'bouquets', icon: LayersIcon },
  { href: '/categories', label: 'Categories', testId: 'categories', icon: FolderTreeIcon },
  { href: '/epg', label: 'Guide', testId: 'epg', icon: TvIcon },
  { href: '/api-monitor', label: 'API monitor', testId: 'api-monitor', icon: ActivityIcon },
  { href: '/routing-rules', label: 'Routing rules', testId: 'routing-rules', icon: RouteIcon },
  { href: '/lines', label: 'Player accounts', testId: 'lines', icon: TicketIcon },
  { href: '/users', label: 'Users', testId: 'users', icon: ShieldUserIcon, adminOnly: true },
  { href: '/audit', label: 'Audit log', testId: 'audit', icon: ScrollTextIcon },
  { href: '/settings', label: 'Settings', testId: 'settings', icon: SettingsIcon },
];

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function activeNavItem(pathname: string): NavItem | undefined {
  return navItems.find((item) => isActive(item.href, pathname));
}
