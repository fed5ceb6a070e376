import { Controller, Delete, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import { Public, Requires } from './auth';
import { routesOf } from './routes';

@Controller('v1/things')
class ThingsController {
  @Get()
  list(): void {}

  @Get(':id')
  get(): void {}

  @Post(':id/:command')
  @Requires('admin')
  change(): void {}

  helper(): void {}
}

@Public()
@Controller()
class OpenController {
  @Get('ping')
  ping(): void {}
}

@Controller('v1/hidden')
class DeepController {
  @Delete(['a', 'b'])
  @Requires('ingest')
  remove(): void {}
}

@Module({ controllers: [DeepController] })
class DeepModule {}

@Module({ imports: [DeepModule], controllers: [ThingsController] })
class FeatureModule {}

class CoreLikeModule {
  static forRoot(): DynamicModule {
    return { module: CoreLikeModule, controllers: [OpenController], imports: [FeatureModule] };
  }
}

@Module({ imports: [CoreLikeModule.forRoot(), FeatureModule] })
class AppModule {}

describe('routesOf', () => {
  it('walks static and dynamic imports, once each, and reads paths, methods and scopes', () => {
    const sut = routesOf(AppModule);
    expect(sut.map((r) => `${r.method} ${r.path} ${r.public ? 'public' : r.scope}`)).toEqual([
      'GET /ping public',
      'DELETE /v1/hidden/a ingest',
      'DELETE /v1/hidden/b ingest',
      'GET /v1/things read',
      'GET /v1/things/:id read',
      'POST /v1/things/:id/:command admin',
    ]);
    expect(sut.find((r) => r.path === '/ping')).toMatchObject({
      controller: 'OpenController',
      handler: 'ping',
      scope: null,
    });
  });
});
