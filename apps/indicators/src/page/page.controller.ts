import { Public } from '@civic/platform';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pageAsset, PAGE_HTML } from './page-assets';

// The indicator page for people (a projector in the bureau, a phone in a town office): one HTML
// file, its script and style, and the uPlot chart library served from node_modules — no CDN, so it
// works on the bureau's closed network. It reads the public /api/v1/indicators routes.
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return PAGE_HTML;
  }

  @Get('assets/:name')
  asset(@Param('name') name: string) {
    return pageAsset(name);
  }
}
